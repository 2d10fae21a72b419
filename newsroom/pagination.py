from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most ``max_pages`` pages: counting a whole archive costs more on every
    request than readers ever page through (later pages are reached by search)."""

    max_pages = 100

    @cached_property
    def count(self):
        # Unordered: which rows fill the cap does not change the count, and sorting a large
        # archive to pick them is most of the cost.
        return self.object_list.order_by()[: self.per_page * self.max_pages].count()

    def _get_page(self, object_list, *args, **kwargs):
        """Run the page's query in the view, not when a template first loops over it."""
        return super()._get_page(list(object_list), *args, **kwargs)
