// The channel header button's icon: a small front-desk bell, drawn inline so the bundle
// needs no asset loader.
import React from 'react';

export default function HeaderIcon() {
    return (
        <svg
            aria-hidden='true'
            width='18'
            height='18'
            viewBox='0 0 24 24'
            fill='currentColor'
            data-testid='frontdesk-header-icon'
        >
            <path d='M12 5a2 2 0 0 0-2 2v.1A8 8 0 0 0 4 15h16a8 8 0 0 0-6-7.9V7a2 2 0 0 0-2-2zm-9 12a1 1 0 0 0 0 2h18a1 1 0 0 0 0-2H3z'/>
        </svg>
    );
}
