// Package bench generates load against a running Teyi server and measures it.
//
// The load follows an open model: request i is due at t0 + i/rate whether or
// not earlier requests have finished, and its latency runs from that due time
// to the last byte of the response body. A slow server therefore shows up as
// growing latency (the queueing is counted) instead of as a quietly lower
// request rate, which is what a closed loop of "send, wait, send" would
// report (coordinated omission).
//
// Run drives any Workload; ListWorkload is the case list's mix of first and
// next pages per signed-in user. Sessions come from Login.
package bench
