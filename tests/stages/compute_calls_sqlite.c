/* Deliberately wrong: compute calling the database library with a
   hand-written prototype, which no header guard can see; the link of the
   stage alone must fail. */
int sqlite3_open(const char *filename, void **db);
int main(void)
{
    void *db = 0;
    return sqlite3_open(":memory:", &db);
}
