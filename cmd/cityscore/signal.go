package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes of a run stopped by a signal: 128 + the signal's number, as
// shells report a process the signal killed.
const (
	exitInterrupt = 128 + 2  // SIGINT
	exitTerminate = 128 + 15 // SIGTERM
)

// interrupted is the cause of a run's context cancelled by a signal.
type interrupted struct{ sig os.Signal }

func (i interrupted) Error() string { return i.sig.String() + " signal received" }

// Is makes an interrupt a cancellation, as signal.NotifyContext's cause is.
func (i interrupted) Is(target error) bool { return target == context.Canceled }

// signalContext returns a context that SIGINT or SIGTERM cancels, with
// interrupted{signal} as its cause (context.Cause), so that the exit code
// can tell them apart; signal.NotifyContext's cause does not say which
// signal it was. After the first signal, further ones are ignored while
// the run cleans up. stop releases the signals.
func signalContext(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-ch:
			cancel(interrupted{s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// interruptExit returns the exit code and the word for a run whose
// context is done: 143 "terminated" for SIGTERM, else 130 "interrupted"
// (SIGINT, or a context cancelled some other way).
func interruptExit(ctx context.Context) (int, string) {
	var in interrupted
	if errors.As(context.Cause(ctx), &in) && in.sig == syscall.SIGTERM {
		return exitTerminate, "terminated"
	}
	return exitInterrupt, "interrupted"
}
