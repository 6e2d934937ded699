module example.com/implicit_declaration

go 1.19
