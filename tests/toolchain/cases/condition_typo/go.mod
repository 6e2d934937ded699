module example.com/condition_typo

go 1.19
