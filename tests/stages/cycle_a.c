/* cycle_a.c and cycle_b.c call each other: the loop check_acyclic.sh must
   find (a check that finds no loop anywhere proves nothing). */
int cycle_b(int n);

int cycle_a(int n)
{
    return n > 0 ? cycle_b(n - 1) : 0;
}
