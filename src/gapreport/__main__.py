"""`python -m gapreport` runs the same command as `gapreport`."""

from gapreport.cli import main

if __name__ == "__main__":
    main(prog_name="gapreport")
