package coretest

import "slices"

// calls counts a fake's calls by method and queues failures for the methods that can fail
// (FailNext), so a test can prove a retry or a recovery. The fake's own mutex guards it.
type calls struct {
	fallible []string
	counts   map[string]int
	failures map[string][]error
}

func newCalls(fallible ...string) calls {
	return calls{fallible: fallible, counts: map[string]int{}, failures: map[string][]error{}}
}

// failNext queues err for the next n calls of method. It panics on a method that cannot fail, to
// catch typos.
func (c *calls) failNext(method string, n int, err error) {
	if !slices.Contains(c.fallible, method) {
		panic("coretest: FailNext of a method that returns no error: " + method)
	}
	for range n {
		c.failures[method] = append(c.failures[method], err)
	}
}

// call counts a call and returns the failure queued for it, if any.
func (c *calls) call(method string) error {
	c.counts[method]++
	if q := c.failures[method]; len(q) > 0 {
		c.failures[method] = q[1:]
		return q[0]
	}
	return nil
}
