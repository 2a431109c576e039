// A phone number in Frontdesk's own cards: a tel: link that shows the phone card on hover or
// focus, as tel: links in posts do. The card is inside the hovered element, so the pointer or the
// focus can move into it and reach Write and + Chat without it closing.
import React, {useId} from 'react';

import {phoneDigits} from '../../phone_links';
import {useHoverIntent} from '../use_hover_intent';

import {PhoneCard} from './phone_card';

export default function PhoneHover({phone}: {phone: string}) {
    const hover = useHoverIntent();
    const cardId = useId();
    const number = phoneDigits(phone);
    return (
        <span
            data-testid='frontdesk-phone-hover'
            data-phone={number}
            style={styles.anchor}
            onMouseEnter={hover.show}
            onMouseLeave={hover.hide}
            onFocus={hover.show}
            onBlur={hover.hide}
            onKeyDown={(e) => {
                if (e.key === 'Escape') {
                    hover.close();
                }
            }}
        >
            <a
                href={`tel:${number}`}
                aria-describedby={hover.open ? cardId : undefined}
            >
                {phone}
            </a>
            {hover.open && (
                <span
                    id={cardId}
                    style={styles.popover}
                >
                    <PhoneCard phone={number}/>
                </span>
            )}
        </span>
    );
}

const styles = {
    anchor: {position: 'relative', display: 'inline-block'},
    // The padding bridges the gap to the number, so moving the pointer down keeps the card.
    popover: {position: 'absolute', top: '100%', left: 0, zIndex: 20, display: 'block', paddingTop: '4px'},
} as const;
