package contactlog

// The committed excerpts of the Anonymous Bank log (see testdata/README.md).
const (
	excerptPath    = "testdata/anonymous-bank-excerpt.txt"
	dayExcerptPath = "testdata/anonymous-bank-1999-05-04.txt"
)
