import {formatAmount} from './format';

describe('formatAmount', () => {
    test.each([
        ['en', '123.45', 'PLN', 'PLN 123.45'],
        ['en', '1200', 'USD', '$1,200.00'],
        ['en', '99.5', '', '99.50'],
        ['en', '', 'PLN', ''],
        ['en', '12.30', 'zł', '12.30 zł'],
        ['en', 'n/a', 'EUR', 'n/a EUR'],
    ])('%s %j %j is %j', (locale, amount, currency, want) => {
        // ICU puts a no-break space between amount and currency.
        expect(formatAmount(locale, amount, currency).replace(/\s/g, ' ')).toBe(want);
    });

    test('uses the Polish way of writing money', () => {
        expect(formatAmount('pl', '1234.5', 'PLN').replace(/\s/g, ' ')).toBe('1234,50 zł');
    });
});
