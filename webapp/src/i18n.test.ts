import {IntlMessageFormat} from 'intl-messageformat';

import en from '../i18n/en.json';
import pl from '../i18n/pl.json';

import {currentLocale, translationsFor} from './i18n';

// The placeholders of a message, in order of first use, without the plural branches' text.
function placeholders(message: string): string[] {
    return [...new Set([...message.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]))];
}

describe('translations', () => {
    test.each([['pl', pl]])('%s has every English message with the same placeholders', (locale, messages) => {
        expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
        for (const [id, text] of Object.entries(en)) {
            expect([id, placeholders((messages as Record<string, string>)[id])]).toEqual([id, placeholders(text)]);
            expect(() => new IntlMessageFormat((messages as Record<string, string>)[id], locale)).not.toThrow();
        }
    });

    test('Polish plurals follow Polish grammar', () => {
        const format = (n: number) => new IntlMessageFormat(pl['frontdesk.badge.label'], 'pl').format({count: n});
        expect([1, 2, 5, 22, 25].map(format)).toEqual([
            '1 czat czeka na odpowiedź',
            '2 czaty czekają na odpowiedź',
            '5 czatów czeka na odpowiedź',
            '22 czaty czekają na odpowiedź',
            '25 czatów czeka na odpowiedź',
        ]);
    });

    test('Polish document counts and created documents read right', () => {
        const count = (n: number) => new IntlMessageFormat(pl['frontdesk.client.hoverDocuments'], 'pl').format({count: n});
        expect([0, 1, 3, 5, 12].map(count)).toEqual(['Brak dokumentów', '1 dokument', '3 dokumenty', '5 dokumentów', '12 dokumentów']);
        const created = (kind: string) => new IntlMessageFormat(pl['frontdesk.document.created'], 'pl').format({kind, number: 'ZL-9'});
        expect(['order', 'estimate', 'lead'].map(created)).toEqual(['Utworzono zlecenie ZL-9', 'Utworzono wycenę ZL-9', 'Utworzono lead ZL-9']);
    });

    test('a locale with a region uses its language; an unknown one English', () => {
        expect(translationsFor('pl-PL')).toBe(pl);
        expect(translationsFor('fr')).toBe(en);
    });

    test('the user\'s locale comes from their profile, English when unset', () => {
        const state = (locale?: string) => ({entities: {users: {currentUserId: 'u1', profiles: {u1: {locale}}}}});
        expect(currentLocale(state('pl'))).toBe('pl');
        expect(currentLocale(state())).toBe('en');
        expect(currentLocale({entities: {}})).toBe('en');
    });
});
