package publication

// ForceScan makes Build count discharges one way (ScanHospitals or
// ScanRegion) until the returned function is called.
func ForceScan(plan string) (restore func()) {
	old := forceScan
	forceScan = plan
	return func() { forceScan = old }
}
