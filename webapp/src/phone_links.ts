// F19 (docs/features.md): phone numbers written in a post become tel: links, so the web app
// renders them as links and shows the plugin's link tooltip (the phone card) when one is hovered.
// Only the rendered message changes; the post keeps the text as written.

// A number in international form: "+", then 7 to 15 digits in groups separated by one space or
// dash, a group optionally in parentheses: +48 601 234 567, +1 (555) 000-1234, +48601234567.
const PHONE = /\+\(?\d+\)?(?:[ -]?\(?\d+\)?)*/g;

// What a number must not touch: a word, another number or the middle of a URL or path.
const BEFORE = /[\p{L}\p{N}_+/=&?#]$/u;
const AFTER = /^[\p{L}\p{N}_]/u;

// Parts of a line Markdown shows verbatim or already links: code spans, links and images with
// their text, autolinks in angle brackets and bare URLs.
const PROTECTED = /(`+)[^`]*?\1|!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]|<[^>\s]+>|\b(?:https?|ftp|mailto|tel):\/*[^\s)]+|\bwww\.[^\s)]+/gi;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

// phoneDigits is the number as dialled: "+" and its digits.
export function phoneDigits(text: string): string {
    return `+${text.replace(/\D/g, '')}`;
}

// linkPhones is the message with every phone number outside code and links as a Markdown link
// to tel:+<digits>, its text as written.
export function linkPhones(message: string): string {
    if (!message.includes('+')) {
        return message;
    }
    let fence = '';
    return message.split('\n').map((line) => {
        const open = FENCE.exec(line);
        if (fence) {
            if (open && open[1][0] === fence[0] && open[1].length >= fence.length) {
                fence = '';
            }
            return line;
        }
        if (open) {
            fence = open[1];
            return line;
        }
        // An indented line after a blank one is a code block; any indented line is left alone
        // rather than guessing.
        if (/^( {4}|\t)/.test(line)) {
            return line;
        }
        return linkLine(line);
    }).join('\n');
}

function linkLine(line: string): string {
    let out = '';
    let last = 0;
    for (const m of line.matchAll(PROTECTED)) {
        out += linkText(line.slice(last, m.index));
        out += m[0];
        last = m.index + m[0].length;
    }
    return out + linkText(line.slice(last));
}

function linkText(text: string): string {
    return text.replace(PHONE, (found: string, offset: number) => {
        let number = found;
        // A closing parenthesis of the sentence around the number is not part of it.
        while (number.endsWith(')') && count(number, '(') < count(number, ')')) {
            number = number.slice(0, -1);
        }
        const rest = found.slice(number.length);
        const digits = number.replace(/\D/g, '').length;
        const before = text.slice(0, offset);
        const after = text.slice(offset + number.length);
        if (digits < 7 || digits > 15 || count(number, '(') !== count(number, ')') ||
            BEFORE.test(before) || (!rest && AFTER.test(after))) {
            return found;
        }
        return `[${number}](tel:${phoneDigits(number)})${rest}`;
    });
}

function count(s: string, c: string): number {
    return s.split(c).length - 1;
}
