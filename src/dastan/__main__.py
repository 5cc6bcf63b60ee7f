from dastan.cli import main

raise SystemExit(main())
