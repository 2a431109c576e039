package conversation

// Outcome names how the core ended one piece of work: logs, tests and metrics use the same words.
type Outcome string

const (
	OutcomeClaimed        Outcome = "claimed"         // inbound message stored, will be posted
	OutcomeDuplicate      Outcome = "duplicate"       // provider retry or duplicate delivery: already claimed
	OutcomeOwnEcho        Outcome = "own_echo"        // the provider echoed a message Frontdesk sent
	OutcomeNativeEcho     Outcome = "native_echo"     // staff wrote from the provider's own app: mirrored
	OutcomeStatusApplied  Outcome = "status_applied"  // delivery or read state moved forward
	OutcomeStatusUnknown  Outcome = "status_unknown"  // status about an inbound message: nothing to show
	OutcomeStatusEarly    Outcome = "status_early"    // status before its send recorded the id: kept
	OutcomeUpdated        Outcome = "updated"         // a customer's edit, delete or reaction applied
	OutcomeTargetUnknown  Outcome = "target_unknown"  // edit, delete or reaction of an unknown message
	OutcomeNoConversation Outcome = "no_conversation" // event about a customer with no conversation
)
