module example.com/duplicate_two_preambles

go 1.19
