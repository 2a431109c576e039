// Amounts come as decimal strings in the helpdesk's currency; shown in the user's locale when
// they are plain numbers, else as the helpdesk wrote them.
export function formatAmount(locale: string, amount: string, currency: string): string {
    if (!amount) {
        return '';
    }
    const value = Number(amount);
    if (!Number.isFinite(value)) {
        return `${amount} ${currency}`.trim();
    }
    try {
        const options: Intl.NumberFormatOptions = currency ?
            {style: 'currency', currency} :
            {minimumFractionDigits: 2, maximumFractionDigits: 2};
        return new Intl.NumberFormat(locale, options).format(value);
    } catch {
        // Not an ISO 4217 code (a helpdesk's own "zł", say).
        return `${amount} ${currency}`.trim();
    }
}
