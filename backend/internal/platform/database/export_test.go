package database

// TruncateForTest exposes the log sanitiser to the external test package.
var TruncateForTest = truncate
