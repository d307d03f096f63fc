/* The probabilistic-matching tests (test_match.c), run as part of the link suite. */
#ifndef BS_LINK_TESTS_H
#define BS_LINK_TESTS_H

void test_link_matching(void);

#endif
