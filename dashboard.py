"""Entry point: `streamlit run dashboard.py`; the frame itself is ui/app.py."""

# Streamlit runs this file as __main__ and leaves it in sys.modules; multiprocessing's forkserver children
# (loaders/worker.py reads every upload in one) import that module again, as __mp_main__, before their work.
# There it must neither import Streamlit nor draw: the sign-in gate would run outside any session and fail.
if __name__ == "__main__":
    from ui.app import main

    main()
