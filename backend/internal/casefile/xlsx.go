package casefile

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// MaxXLSXBytes bounds an XLSX upload: the zip directory must be read whole,
// so very large files belong in CSV.
const MaxXLSXBytes = 64 << 20

type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	cols []int
	line int
}

// NewXLSX reads the flat layout from the first sheet of a workbook (or the
// sheet named 结算清单 or cases). The sheet's rows are streamed; the
// shared strings and the zip directory are held in memory, which is why
// XLSX files are limited to MaxXLSXBytes.
func NewXLSX(r io.ReaderAt, size int64) (Source, error) {
	if size > MaxXLSXBytes {
		return nil, &FileError{Line: 1, Reason: "the workbook is larger than 64 MiB; import large files as CSV"}
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit: 1 << 30, UnzipXMLSizeLimit: 16 << 20,
	})
	if err != nil {
		return nil, &FileError{Line: 1, Reason: "not an XLSX workbook: " + err.Error()}
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, &FileError{Line: 1, Reason: "the workbook has no sheets"}
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if s == "结算清单" || strings.EqualFold(s, "cases") {
			sheet = s
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, &FileError{Line: 1, Reason: "the sheet cannot be read: " + err.Error()}
	}
	s := &xlsxSource{f: f, rows: rows}
	if !rows.Next() {
		s.close()
		return nil, &FileError{Line: 1, Reason: "the sheet is empty"}
	}
	s.line = 1
	head, err := rows.Columns()
	if err != nil {
		s.close()
		return nil, &FileError{Line: 1, Reason: "the header row cannot be read: " + err.Error()}
	}
	if s.cols, err = mapHeader(head); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func (s *xlsxSource) close() {
	if s.rows != nil {
		s.rows.Close() //nolint:errcheck
	}
	s.f.Close() //nolint:errcheck
}

func (s *xlsxSource) Encoding() string { return "UTF-8" }

func (s *xlsxSource) Next(rec *Record) (int, error) {
	for {
		if !s.rows.Next() {
			err := s.rows.Error()
			s.close()
			if err != nil {
				return s.line, &FileError{Line: s.line, Reason: "the sheet cannot be read: " + err.Error()}
			}
			return 0, io.EOF
		}
		s.line++
		cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return s.line, &rowErr{RowError{Line: s.line, Reason: "unreadable row: " + err.Error()}}
		}
		blank := true
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		*rec = Record{}
		if len(cells) > len(s.cols) {
			for _, c := range cells[len(s.cols):] {
				if strings.TrimSpace(c) != "" {
					return s.line, &rowErr{RowError{Line: s.line, Value: strconv.Itoa(len(cells)),
						Reason: "has cells beyond the header's columns"}}
				}
			}
		}
		size := 0
		for i, c := range cells {
			size += len(c)
			if i < len(s.cols) && s.cols[i] >= 0 {
				rec[s.cols[i]] = c
			}
		}
		if size > MaxRowBytes {
			return s.line, &rowErr{RowError{Line: s.line, Reason: "the row is longer than 4 MiB"}}
		}
		return s.line, nil
	}
}

// ErrUnsupported is returned by Open for an unknown format.
var ErrUnsupported = errors.New("unsupported format")
