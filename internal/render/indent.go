package render

// appendIndented appends compact JSON (as json.Marshal writes it: no
// blanks outside strings) to dst, indented as json.Indent would with the
// given prefix and two-space indent, down to depth levels of nesting;
// values nested deeper stay compact on one line. json.Indent re-scans its
// input with a full state machine and costs four times the encoding
// itself; on json.Marshal's output only quotes, brackets, commas and
// colons matter.
func appendIndented(dst, src []byte, prefix string, depth int) []byte {
	level := 0
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for range level {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			level++
			if level <= depth {
				newline()
			}
		case '}', ']':
			level--
			if level < depth {
				newline()
			}
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			if level <= depth {
				newline()
			}
		case ':':
			dst = append(dst, ':')
			if level <= depth {
				dst = append(dst, ' ')
			}
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
