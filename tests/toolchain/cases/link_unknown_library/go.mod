module example.com/link_unknown_library

go 1.19
