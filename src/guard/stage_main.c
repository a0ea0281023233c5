/* The program each stage is linked whole into (src/meson.build): it calls
   nothing, so the link succeeds only if every symbol the stage uses comes
   from the stage itself or from the libraries it is allowed. */
int main(void)
{
    return 0;
}
