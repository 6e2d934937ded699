module example.com/undeclared_free

go 1.19
