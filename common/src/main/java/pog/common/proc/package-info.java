/** Starting processes that must outlive their starter: own session, no pipes back. Never kills anything. */
package pog.common.proc;
