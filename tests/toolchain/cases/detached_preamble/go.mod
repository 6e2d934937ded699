module example.com/detached_preamble

go 1.19
