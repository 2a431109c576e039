package conversation

// Outcome names how the core ended one piece of work: a webhook event, a post, a send. Logs (at
// debug level, message "Frontdesk: outcome"), tests and metrics use the same words.
type Outcome string

const (
	OutcomeClaimed        Outcome = "claimed"           // inbound message stored, will be posted
	OutcomeDuplicate      Outcome = "duplicate"         // provider retry or duplicate delivery: already claimed
	OutcomeOwnEcho        Outcome = "own_echo"          // the provider echoed a message Frontdesk sent
	OutcomeNativeEcho     Outcome = "native_echo"       // staff wrote from the provider's own app: mirrored
	OutcomeStatusApplied  Outcome = "status_applied"    // delivery or read state moved forward
	OutcomeStatusUnknown  Outcome = "status_unknown"    // status about an inbound message: nothing to show
	OutcomeStatusEarly    Outcome = "status_early"      // status before its send recorded the id: kept
	OutcomeUpdated        Outcome = "updated"           // a customer's edit, delete or reaction applied
	OutcomeQueued         Outcome = "queued"            // a customer's edit, delete or reaction waits behind its message
	OutcomeTargetUnknown  Outcome = "target_unknown"    // edit, delete, reaction or opt-out about nothing Frontdesk knows
	OutcomeNoConversation Outcome = "no_conversation"   // event about a customer with no conversation
	OutcomeOptOutChanged  Outcome = "opted_out_changed" // the customer blocked the business or came back
	OutcomeIgnored        Outcome = "ignored"           // an event type the core has no use for
	OutcomeUnknownAccount Outcome = "unknown_account"   // an event for an account no connection owns (same app, not connected)

	OutcomePosted         Outcome = "posted"          // a claimed message is in its thread
	OutcomeReplyQueued    Outcome = "reply_queued"    // an agent's reply is in the outbox
	OutcomeReplyWaits     Outcome = "reply_waits"     // a reply waits for an earlier one of its thread to be queued
	OutcomeSent           Outcome = "sent"            // the provider accepted an agent's reply
	OutcomeRetryScheduled Outcome = "retry_scheduled" // a retryable send failure: tried again later
	OutcomeSendFailed     Outcome = "send_failed"     // a reply failed for good; the post says why
	OutcomeRefused        Outcome = "refused"         // a reply refused before it was posted (text kept)
	OutcomePanic          Outcome = "panic"           // a handler or worker panicked; recovered
	OutcomeBusy           Outcome = "busy"            // a pass skipped a conversation another one holds; it goes round again
)

// LogOutcome records an outcome at debug level with fixed keys (connection_id, conversation_id,
// post_id): never message text or phone numbers.
func LogOutcome(log Logger, o Outcome, kv ...any) {
	log.Debug("Frontdesk: outcome", append([]any{"outcome", string(o)}, kv...)...)
}
