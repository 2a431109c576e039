// The mini chat window's inline styles, shared by its thread and its start form; colours follow
// the Mattermost theme.
export const muted = {fontSize: '12px', color: 'rgba(var(--center-channel-color-rgb), 0.64)'};

export const styles = {
    window: {
        position: 'fixed',
        right: '24px',
        bottom: '24px',
        zIndex: 1000,
        display: 'flex',
        flexDirection: 'column',
        width: '340px',
        maxWidth: 'calc(100vw - 48px)',
        height: '440px',
        maxHeight: 'calc(100vh - 48px)',
        borderRadius: '8px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        background: 'var(--center-channel-bg, #fff)',
        color: 'var(--center-channel-color, #3f4350)',
        boxShadow: '0 8px 24px rgba(0, 0, 0, 0.2)',
        fontSize: '13px',
        overflow: 'hidden',
    },
    header: {
        display: 'flex',
        alignItems: 'center',
        gap: '8px',
        padding: '8px 12px',
        background: 'var(--sidebar-bg, #1e325c)',
        color: 'var(--sidebar-text, #fff)',
    },
    titles: {flex: '1 1 auto', minWidth: 0, display: 'flex', flexDirection: 'column'},
    title: {overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap'},
    // On the header's sidebar colours, not the centre's.
    subtitle: {fontSize: '12px', opacity: 0.72, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap'},
    close: {border: 0, background: 'transparent', color: 'inherit', fontSize: '20px', lineHeight: 1, cursor: 'pointer', padding: '0 4px'},
    messages: {flex: '1 1 auto', overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: '6px', padding: '10px 12px'},
    bubble: {maxWidth: '80%', padding: '6px 10px', borderRadius: '12px', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere'},
    composer: {display: 'flex', flexDirection: 'column', gap: '4px', padding: '8px 12px', borderTop: '1px solid rgba(var(--center-channel-color-rgb), 0.16)'},
    row: {display: 'flex', alignItems: 'flex-end', gap: '8px'},
    input: {flex: '1 1 auto', font: 'inherit', resize: 'none', padding: '4px 6px'},
    muted: {margin: 0, ...muted},
    error: {margin: 0, fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
} as const;
