package letter

import "testing"

func BenchmarkRender(b *testing.B) {
	l := itemBased()
	for i := 0; i < b.N; i++ {
		if _, err := Render(l); err != nil {
			b.Fatal(err)
		}
	}
}
