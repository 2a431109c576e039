import {linkPhones, phoneDigits} from './phone_links';

describe('linkPhones', () => {
    test.each([
        ['Call +48 601 234 567 about the laptop', 'Call [+48 601 234 567](tel:+48601234567) about the laptop'],
        ['Call +1 555 000 1234 about the laptop', 'Call [+1 555 000 1234](tel:+15550001234) about the laptop'],
        ['+48601234567', '[+48601234567](tel:+48601234567)'],
        ['US: +1 (555) 000-1234.', 'US: [+1 (555) 000-1234](tel:+15550001234).'],
        ['(call +48 22 123-45-67)', '(call [+48 22 123-45-67](tel:+48221234567))'],
        ['Phone:+48601234567, or +44 20 7946 0958', 'Phone:[+48601234567](tel:+48601234567), or [+44 20 7946 0958](tel:+442079460958)'],
        ['**+48 601 234 567:** hi', '**[+48 601 234 567](tel:+48601234567):** hi'],
        ['two lines\n+48 601 234 567', 'two lines\n[+48 601 234 567](tel:+48601234567)'],
    ])('links %j', (message, want) => {
        expect(linkPhones(message)).toBe(want);
    });

    test.each([
        ['too short', 'Room +123 456'],
        ['too long', '+1234 5678 9012 3456'],
        ['no plus', 'Call 601 234 567'],
        ['a sum', '2+2 = 4 and 10+3000000 items'],
        ['inside a word', 'abc+48601234567'],
        ['followed by letters', '+48601234567abc'],
        ['a code span', 'Use `+48 601 234 567` here'],
        ['a double code span', 'Use ``+48 601 234 567`` here'],
        ['a link\'s text', 'See [+48 601 234 567](https://example.com)'],
        ['a link\'s address', 'See [the page](https://example.com/call/+48601234567)'],
        ['an existing tel link', '[Anna](tel:+48601234567)'],
        ['a bare URL', 'https://example.com/?to=+48601234567 and www.example.com/+48601234567'],
        ['an autolink', '<https://example.com/+48601234567>'],
        ['a fenced block', '```\n+48 601 234 567\n```'],
        ['a tilde fence', '~~~text\n+48 601 234 567\n~~~'],
        ['an indented block', 'code:\n\n    +48 601 234 567'],
        ['unbalanced parentheses', '+48 (601 234 567'],
        ['no number at all', 'Hello there'],
    ])('leaves %s alone', (_name, message) => {
        expect(linkPhones(message)).toBe(message);
    });

    test('links after a fenced block closes, and outside code on the same line', () => {
        expect(linkPhones('```\n+48 601 234 567\n```\n+48 601 234 568')).toBe('```\n+48 601 234 567\n```\n[+48 601 234 568](tel:+48601234568)');
        expect(linkPhones('`x` +48601234567 `y`')).toBe('`x` [+48601234567](tel:+48601234567) `y`');
    });

    test('is idempotent: a linked message stays as it is', () => {
        const once = linkPhones('Call +48 601 234 567');
        expect(linkPhones(once)).toBe(once);
    });
});

describe('phoneDigits', () => {
    test('keeps the plus and the digits', () => {
        expect(phoneDigits('+1 (555) 000-1234')).toBe('+15550001234');
    });
});
