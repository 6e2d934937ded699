int own_answer(void);
