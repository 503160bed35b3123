"""Pictures as data: the graph every renderer draws (`model`), built from an org (`chart`)
or from a reorganisation (`diff`)."""
