// Package sourcev1 holds the generated code of the source plugin protocol,
// version 1. Never edit the .pb.go files by hand: change source.proto and run
// go generate with protoc, protoc-gen-go and protoc-gen-go-grpc on PATH
// (`apt-get install protobuf-compiler`,
// `go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12`,
// `go install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2`).
package sourcev1

//go:generate protoc --proto_path=. --go_out=. --go_opt=paths=source_relative --go-grpc_out=. --go-grpc_opt=paths=source_relative source.proto
