// Command graphlake-applications is the applications plugin: name it in a
// pipeline's plugin block and etl launches it.
package main

import (
	"github.com/graphlake/graphlake/examples/applications"
	"github.com/graphlake/graphlake/sdk"
)

func main() { sdk.Serve(applications.New()) }
