# Varnish 7 in front of Newsroom, purged by tag (Debian: apt-get install varnish varnish-modules).
#
# Newsroom names what each page shows in a Surrogate-Key header (article:12 comments:12
# section:3 ... site). With DJANGO_EDGE_PURGE_URLS pointing here (e.g. http://127.0.0.1:6081/),
# pages get a long s-maxage (DJANGO_EDGE_CACHE_SECONDS, never past the next scheduled
# publication), and after every change Newsroom sends a PURGE request whose xkey-purge header
# names the tags that changed: exactly the pages carrying one of them are dropped here.
# Like the nginx snippet (docs/nginx/), readers with a session or a pending message, the
# admin, comment posting and the health check go straight to Newsroom. Put TLS (nginx) in
# front, and count Varnish in DJANGO_PROXY_COUNT.
vcl 4.1;

import xkey;

backend newsroom {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the tags to purge in an xkey-purge header"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|ckeditor|comments)/" || req.url ~ "^/healthz"
        || req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        set req.http.x-newsroom-bypass = "1";
        return (pass);
    }
    # Newsroom's pages differ for no other cookie.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # xkey reads the tags from an xkey header.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # Everything else follows Newsroom's Cache-Control (builtin VCL): s-maxage for the time
    # kept; private, no-store and Set-Cookie responses are never kept.
}

sub vcl_deliver {
    if (req.http.x-newsroom-bypass) {
        set resp.http.X-Cache-Status = "BYPASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache-Status = "HIT";
    } else {
        set resp.http.X-Cache-Status = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    # A kept page would replay the request ID of the request that rendered it.
    unset resp.http.X-Request-ID;
}
