// Command credits prints what campmap --version prints without building the
// GUI: the version, the commit and the credits of the bundled data, for the
// CREDITS.txt file that make dist puts into every package.
package main

import (
	"fmt"

	"campmap"
)

func main() {
	fmt.Print(campmap.About())
}
