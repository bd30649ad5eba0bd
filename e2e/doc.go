// Package e2e holds OneWindow's browser tests: the journeys people take,
// driven in Debian's headless Chromium (package e2e/browser) against the
// real application started in-process on a loopback port.
//
// Run them with `go test ./e2e/...`. Without /usr/bin/chromium they skip,
// except under CI=true (as .ci/run sets), where they fail. Set
// ONEWINDOW_SCREENSHOTS=DIR to keep the screenshots they take (desktop and
// phone, standard and elderly mode) for the README.
package e2e
