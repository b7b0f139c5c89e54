package grouper

import "hash/maphash"

// Interning is the engine's largest cost: at a million cases a second, the
// time goes to memory, not arithmetic. So everything the engine needs to
// know about a code sits in one 64-byte slot of an open-addressing table —
// the key inline, the code's id, its MCC/CC/exclusion tables and the first
// 256 bits of its list membership — and a case's code costs one cache line.

const (
	slotKeyLen = 20 // longer codes (none in CHS-DRG) live in slots after the hash part
	slotBits   = 4  // list-membership words kept inline; more lists spill to codeIndex.over
)

type codeSlot struct {
	id   int32 // code id + 1; 0 marks an empty slot
	mcc  int16 // exclusion-table number (tableNone, tableNoTable, or ≥ 0)
	cc   int16
	cce  int16 // first exclusion table the code (as principal diagnosis) is in
	n    uint8 // key length
	more uint8 // 1: the code is in more than one exclusion table
	key  [slotKeyLen]byte
	bits [slotBits]uint64
}

const (
	tableNone    int16 = -1 // not an MCC/CC, or in no exclusion table
	tableNoTable int16 = -2 // an MCC/CC whose 排除内容 is 无
)

// codeIndex maps the codes of one dictionary (diagnoses or procedures) to
// slots.
type codeIndex struct {
	slots  []codeSlot
	mask   uint64
	seed   maphash.Seed
	long   map[string]int32 // key → slot, for keys longer than slotKeyLen
	slotOf []int32          // code id → slot
	over   []uint64         // membership bits ≥ 64*slotBits, per code id
	overW  int
}

// newCodeIndex indexes codes; ok is false if a code repeats.
func newCodeIndex(codes []string, lists int) (x *codeIndex, ok bool) {
	size := 16
	for size < 2*len(codes) {
		size <<= 1
	}
	x = &codeIndex{mask: uint64(size - 1), seed: maphash.MakeSeed(), slotOf: make([]int32, len(codes))}
	x.slots = make([]codeSlot, size, size+8)
	ok = true
	for id, c := range codes {
		s, isNew := x.insert(c)
		if !isNew {
			ok = false
		}
		x.slots[s].id = int32(id) + 1
		x.slots[s].mcc, x.slots[s].cc, x.slots[s].cce = tableNone, tableNone, tableNone
		x.slotOf[id] = s
	}
	if lists > 64*slotBits {
		x.overW = (lists - 64*slotBits + 63) / 64
		x.over = make([]uint64, len(codes)*x.overW)
	}
	return x, ok
}

func (x *codeIndex) insert(key string) (int32, bool) {
	if len(key) > slotKeyLen {
		if s, dup := x.long[key]; dup {
			return s, false
		}
		if x.long == nil {
			x.long = map[string]int32{}
		}
		x.slots = append(x.slots, codeSlot{})
		s := int32(len(x.slots) - 1)
		x.long[key] = s
		return s, true
	}
	for i := maphash.String(x.seed, key) & x.mask; ; i = (i + 1) & x.mask {
		s := &x.slots[i]
		if s.id == 0 {
			s.n = uint8(len(key))
			copy(s.key[:], key)
			return int32(i), true
		}
		if int(s.n) == len(key) && string(s.key[:s.n]) == key {
			return int32(i), false
		}
	}
}

// find returns the slot of key, or −1.
func (x *codeIndex) find(key string) int32 {
	if len(key) > slotKeyLen {
		if s, ok := x.long[key]; ok {
			return s
		}
		return -1
	}
	for i := maphash.String(x.seed, key) & x.mask; ; i = (i + 1) & x.mask {
		s := &x.slots[i]
		if s.id == 0 {
			return -1
		}
		if int(s.n) == len(key) && string(s.key[:s.n]) == key {
			return int32(i)
		}
	}
}

// id returns the code id of a slot.
func (x *codeIndex) id(slot int32) int32 { return x.slots[slot].id - 1 }

func (x *codeIndex) set(id int32, bit int32) {
	if bit < 64*slotBits {
		x.slots[x.slotOf[id]].bits[bit>>6] |= 1 << (uint(bit) & 63)
		return
	}
	b := bit - 64*slotBits
	x.over[int(id)*x.overW+int(b>>6)] |= 1 << (uint(b) & 63)
}

// has tests membership of the code in slot s in the list with bit b.
func (x *codeIndex) has(s int32, b int32) bool {
	sl := &x.slots[s]
	if b < 64*slotBits {
		return sl.bits[b>>6]&(1<<(uint(b)&63)) != 0
	}
	b -= 64 * slotBits
	return x.over[int(sl.id-1)*x.overW+int(b>>6)]&(1<<(uint(b)&63)) != 0
}

// internTable maps input codes to plan code ids (the translation maps).
type internTable struct {
	m map[string]int32
}

func internMap(ms []codeMapping) *internTable {
	t := &internTable{m: make(map[string]int32, len(ms))}
	for _, x := range ms {
		t.m[x.from] = x.to
	}
	return t
}

func (t *internTable) get(key string) (int32, bool) {
	id, ok := t.m[key]
	return id, ok
}
