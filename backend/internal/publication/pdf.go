package publication

import "errors"

// ErrNoPDF is answered while the PDF renderer is not built in.
var ErrNoPDF = errors.New("the PDF of a report is not available in this build")

// RenderPDF renders the report as a PDF.
func RenderPDF(r *PublicationReport, status string) ([]byte, error) {
	return nil, ErrNoPDF
}
