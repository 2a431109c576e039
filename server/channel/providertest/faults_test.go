package providertest

import "testing"

type failure struct{ method string }

func TestFailuresAreTakenInOrderByThoseTheyApplyTo(t *testing.T) {
	var f Faults[failure]
	if _, ok := f.TakeFailure(nil); ok {
		t.Fatal("a fresh fake fails")
	}
	f.FailNext(2, failure{method: "send"})
	f.FailNext(1, failure{method: ""})
	forGet := func(x failure) bool { return x.method == "" || x.method == "get" }
	if got, ok := f.TakeFailure(forGet); !ok || got.method != "" {
		t.Fatalf("get took %+v, %v; want the failure for any method", got, ok)
	}
	if _, ok := f.TakeFailure(forGet); ok {
		t.Fatal("get took a failure meant for send")
	}
	for i := range 2 {
		if got, ok := f.TakeFailure(nil); !ok || got.method != "send" {
			t.Fatalf("take %d = %+v, %v", i, got, ok)
		}
	}
	if _, ok := f.TakeFailure(nil); ok {
		t.Fatal("more failures than were queued")
	}
}

func TestOutageLastsUntilSwitchedOff(t *testing.T) {
	var f Faults[failure]
	f.SetDown(true)
	if !f.Down() {
		t.Fatal("not down after SetDown(true)")
	}
	f.SetDown(false)
	if f.Down() {
		t.Fatal("still down after SetDown(false)")
	}
}

func TestSeqStartsAfterAnEarlierRun(t *testing.T) {
	var q Seq
	if a, b := q.Next(), q.Next(); a != 1 || b != 2 {
		t.Fatalf("first numbers %d, %d", a, b)
	}
	q.StartIDsAfter(1000)
	if got := q.Next(); got != 1001 {
		t.Fatalf("after StartIDsAfter(1000): %d", got)
	}
	q.StartIDsAfter(10) // never goes back
	if got := q.Next(); got != 1002 {
		t.Fatalf("after StartIDsAfter(10): %d", got)
	}
}
