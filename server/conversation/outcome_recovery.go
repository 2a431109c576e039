package conversation

// Outcomes of the recovery paths: a thread that had to move, an inbound message that could not be
// posted yet, a reply the post hook never saw.
const (
	OutcomeThreadMoved   Outcome = "thread_moved"   // the root was deleted or in another channel: a new thread opened
	OutcomeRetiredThread Outcome = "retired_thread" // a reply in a chat's former thread: refused, pointed to the new one
	OutcomePostRetry     Outcome = "post_retry"     // a claimed message could not be posted (or its media fetched) yet
	OutcomePostFailed    Outcome = "post_failed"    // a claimed message could not be posted for good; staff see a notice
	OutcomeMediaFailed   Outcome = "media_failed"   // posted without an attachment that could not be fetched, with a notice
	OutcomeSwept         Outcome = "swept"          // a reply the post hook never saw was queued by the sweep
	OutcomeSweptTooOld   Outcome = "swept_too_old"  // such a reply was too old to send: marked failed, with Retry
)
