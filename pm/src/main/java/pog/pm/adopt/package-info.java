/** Decides, from a fresh probe of a trader's port, whether to adopt, report a conflict or start it; never starts a second copy and never adopts a stranger. */
package pog.pm.adopt;
