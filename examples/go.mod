module example.com/cgols-examples

go 1.19
