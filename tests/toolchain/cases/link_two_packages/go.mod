module example.com/link_two_packages

go 1.19
