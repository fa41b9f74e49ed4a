// Package analyze turns stored events into time series and indices: event
// counts, Goldstein and conflict share per day, ISO week or month for an
// actor, a dyad or a group ([Series]), and a dyad tension index normalized
// against the dyad's own baseline and against total event volume
// ([Tension]), with [Explain] printing every input so that users can check
// the number; a geopolitical-risk index after Caldara and Iacoviello computed
// on georisk's own corpus, globally, per country and per dyad ([GPR]); and
// detectors of unusual movement in any series (EWMA, Poisson or negative
// binomial spikes, CUSUM change points) in detect.go.
//
// Nothing here holds state between calls; all functions are safe for
// concurrent use when their [EventLister] is.
package analyze
