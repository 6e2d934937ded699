module example.com/link_compiler_libraries

go 1.19
