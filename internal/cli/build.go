package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// buildInfo names the OPA engine and Go release the binary was built with.
func buildInfo() string {
	opa := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/open-policy-agent/opa" {
				opa = d.Version
			}
		}
	}
	return fmt.Sprintf("OPA %s, %s %s/%s", opa, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
