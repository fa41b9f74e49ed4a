// Package assess turns stored events into a client's risk: it reads client
// profiles (YAML), scores the client's exposure to each risk of a published
// risk model (data/model.yaml) from the events of a window, and writes the
// resulting key judgments in ICD 203 estimative language, each with its
// confidence, evidence (event → sentence → document), key assumptions and
// indicators.
//
// # Model
//
// An event matched by a rule of the model adds the rule's weight to each of
// the rule's risks, scaled by the event's relevance to the client (an event
// between a host country and the client's home country counts fully, one
// with the home country's allies by the model's bloc weight), by the coder's
// confidence and by the reliability grade of the outlet that reported it.
// The sum is the risk's hazard H. The client's profile (sites, customers,
// suppliers, products, sectors) gives each risk a vulnerability V in [0, 1].
// The exposure is 100·V·(1 − e^(−H/K)), with K the model's scale. Weights,
// K and the mapping from exposure to probability are in the model file so
// that they can be read, argued with and changed; docs/assess.md explains
// them.
//
// Everything here is a pure function of its inputs: the store is read
// through the narrow [EventSource] interface, and nothing is written.
package assess
