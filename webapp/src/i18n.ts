// Strings live in i18n/<locale>.json. The plugin registers them with the Mattermost web app
// (registerTranslations), which merges them into its own react-intl provider, so components use
// react-intl's FormattedMessage/useIntl from the host (an external, like React).
import en from '../i18n/en.json';
import pl from '../i18n/pl.json';

export type MessageId = keyof typeof en;

export type MessageDescriptor = {id: MessageId; defaultMessage: string};

// Every locale holds every English id (i18n.test.ts checks it); Polish first, for the shops
// Frontdesk was first written for.
const translations: Record<string, Record<string, string>> = {en, pl};

// msg gives a typed descriptor: an unknown id fails type-checking, and the English text doubles
// as defaultMessage so a host without our translations still shows readable text.
export function msg(id: MessageId): MessageDescriptor {
    return {id, defaultMessage: en[id]};
}

// The slice of the web app's state that holds the signed-in user's language.
export type LocaleState = {
    entities: {users?: {currentUserId?: string; profiles?: Record<string, {locale?: string} | undefined>}};
};

// currentLocale is the signed-in user's language, English when unset.
export function currentLocale(state: LocaleState): string {
    const users = state.entities.users;
    return users?.profiles?.[users.currentUserId ?? '']?.locale || 'en';
}

// translationsFor answers the host's registerTranslations callback; unknown locales fall back
// to English instead of showing message ids.
export function translationsFor(locale: string): Record<string, string> {
    return translations[locale] ?? translations[locale.split('-')[0]] ?? en;
}
