package pdfdoc

import (
	"testing"

	"github.com/johnfercher/maroto/v2/pkg/props"
)

func BenchmarkSmallDocument(b *testing.B) {
	for i := 0; i < b.N; i++ {
		m := NewMaroto("基准")
		m.AddRows(Paragraph("经专家合议，同意按项目付费，核减不合理费用 ¥1,234.50。", props.Text{})...)
		doc, err := m.Generate()
		if err != nil {
			b.Fatal(err)
		}
		if len(doc.GetBytes()) == 0 {
			b.Fatal("empty")
		}
	}
}
