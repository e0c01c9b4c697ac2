package io.weft.tenant;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The script written first into the {@code <head>} of another UI's page served by Weft under tenancy (the
 * Jaeger UI, Zipkin Lens), which have no tenant of their own to send: it names a tenant on every
 * same-origin {@code fetch} in {@code tenancy.header}, the one remembered by Weft's UI (localStorage
 * {@code weft.tenant}, shared by the origin), or one given as {@code ?tenant=} in the page's address
 * (then remembered). A header the page sets itself is left alone.
 */
public final class TenantPageScript {
  private static final Pattern HEAD = Pattern.compile("<head>");

  private TenantPageScript() {}

  /** {@code html} with the script first in its head (unchanged when it has no {@code <head>}). */
  public static String inject(String html, String header) {
    return HEAD.matcher(html).replaceFirst(Matcher.quoteReplacement("<head>" + script(header)));
  }

  public static String script(String header) {
    return "<script>(function(){var h=" + new io.vertx.core.json.JsonArray().add(header).encode() + "[0],k='weft.tenant',t=null;"
        + "try{var q=new URLSearchParams(location.search).get('tenant');if(q){localStorage.setItem(k,q);}t=localStorage.getItem(k);}"
        + "catch(e){}if(!t)return;var f=window.fetch;window.fetch=function(i,o){o=o||{};try{"
        + "var u=new URL(typeof i==='string'?i:i.url,location.href);if(u.origin===location.origin){"
        + "var hs=new Headers(o.headers||(i instanceof Request?i.headers:undefined));if(!hs.has(h))hs.set(h,t);"
        + "o=Object.assign({},o,{headers:hs});}}catch(e){}return f.call(window,i,o);};})();</script>";
  }
}
