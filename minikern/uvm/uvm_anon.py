"""uvm_anon: one page of anonymous memory.

An anon is shared (refs > 1) after fork until one side writes: then the
writer gets a copy (copy-on-write), as in OpenBSD's uvm_anon.c.
"""


class Anon:
    __slots__ = ("page", "refs")

    def __init__(self, page):
        self.page = page    # physical address
        self.refs = 1

    def release(self, pages):
        """Drop one reference (uvm_anfree when it was the last)."""
        # LAB cow BEGIN: free the page with the last reference only
        self.refs -= 1
        if self.refs == 0:
            pages.unref(self.page)
            self.page = None
        # LAB cow STARTER
        #| pages.unref(self.page)
        #| self.page = None
        # LAB cow END
